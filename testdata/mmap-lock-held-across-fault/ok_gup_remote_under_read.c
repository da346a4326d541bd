/* expect-none */
struct mm_struct;
struct page;

long pin_one(struct mm_struct *mm, unsigned long addr, struct page **page)
{
	long got;

	mmap_read_lock(mm);
	got = get_user_pages_remote(mm, addr, 1, 0, page, 0);
	mmap_read_unlock(mm);
	return got == 1 ? 0 : -EFAULT;
}
