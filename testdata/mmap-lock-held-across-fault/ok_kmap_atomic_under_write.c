/* expect-none */
struct mm_struct;
struct page;

int bd_invalidate(struct mm_struct *mm, struct page *bd_page, const unsigned long __user *src)
{
	void *kaddr;
	unsigned long left;

	mmap_write_lock(mm);
	kaddr = kmap_atomic(bd_page);
	left = __copy_from_user(kaddr, src, sizeof(unsigned long));
	kunmap_atomic(kaddr);
	mmap_write_unlock(mm);
	return left ? -EFAULT : 0;
}
