/* expect-none */
struct mm_struct;
struct page;

long pin_one(struct mm_struct *mm, unsigned long addr, struct page **page)
{
	long got;

	mmap_read_lock(mm);
	got = get_user_pages_remote(mm, addr, 1, 0, page, 0);	/* known-noise: mmap-lock-held-across-fault: the lock model lists get_user_pages_remote() as a faulting user access, but it requires mmap_lock held and handles faults itself */
	mmap_read_unlock(mm);
	return got == 1 ? 0 : -EFAULT;
}
