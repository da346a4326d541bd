/* expect-none */
struct mm_struct;

struct mm_stats {
	unsigned long total_vm;
};

long vm_stats(struct mm_struct *mm, struct mm_stats *src, struct mm_stats __user *out)
{
	struct mm_stats snap;

	mmap_read_lock(mm);
	snap = *src;
	mmap_read_unlock(mm);
	return copy_to_user(out, &snap, sizeof(snap)) ? -EFAULT : 0;
}
