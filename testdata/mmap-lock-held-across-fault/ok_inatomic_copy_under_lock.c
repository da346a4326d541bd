/* expect-none */
struct mm_struct;

long peek_word(struct mm_struct *mm, unsigned long *dst, const unsigned long __user *src)
{
	long left;

	mmap_read_lock(mm);
	pagefault_disable();
	left = __copy_from_user_inatomic(dst, src, sizeof(*dst));
	pagefault_enable();
	mmap_read_unlock(mm);
	return left ? -EFAULT : 0;
}
