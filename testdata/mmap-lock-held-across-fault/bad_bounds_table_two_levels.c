struct mm_struct;

static int zap_bt_entry(unsigned long __user *entry)
{
	return put_user(0UL, entry);				/* step: fault */
}

static int unmap_single_bt(struct mm_struct *mm, unsigned long __user *bd_entry)
{
	return zap_bt_entry(bd_entry);
}

void mpx_unmap_tables(struct mm_struct *mm, unsigned long __user *bd_entry)
{
	mmap_write_lock(mm);					/* step: acquire */
	unmap_single_bt(mm, bd_entry);				/* expect: mmap-lock-held-across-fault */
	mmap_write_unlock(mm);
}
