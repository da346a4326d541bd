struct mm_struct;

int bd_clear_entry(struct mm_struct *mm, unsigned long __user *bd_entry)
{
	int ret;

	mmap_write_lock(mm);					/* step: acquire */
	ret = clear_user(bd_entry, sizeof(*bd_entry));		/* expect: mmap-lock-held-across-fault */ /* step: fault */
	mmap_write_unlock(mm);
	return ret ? -EFAULT : 0;
}
