/* expect-none */
struct mm_struct;

long vm_total(struct mm_struct *mm, unsigned long __user *out)
{
	unsigned long total;

	scoped_guard(rwsem_read, &mm->mmap_lock) {
		total = mm->total_vm;
	}
	return put_user(total, out);
}
