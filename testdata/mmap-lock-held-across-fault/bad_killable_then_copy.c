struct mm_struct;

long map_count_to_user(struct mm_struct *mm, int count, int __user *out)
{
	long ret;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	ret = put_user(count, out);				/* expect: mmap-lock-held-across-fault */
	mmap_read_unlock(mm);
	return ret;
}
