struct mm_struct;

long probe_range(struct mm_struct *mm, unsigned long start, unsigned long __user *bad_addr)
{
	long ret = 0;

	mmap_read_lock(mm);
	if (start & 4095) {
		ret = put_user(start, bad_addr);		/* expect: mmap-lock-held-across-fault */
		goto out;
	}
	start += 4096;
out:
	mmap_read_unlock(mm);
	return ret;
}
