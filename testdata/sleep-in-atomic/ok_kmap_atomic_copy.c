/* expect-none */
struct page;

unsigned long copy_page_atomic(struct page *page, const void __user *src)
{
	void *kaddr;
	unsigned long left;

	kaddr = kmap_atomic(page);
	left = copy_from_user(kaddr, src, 4096);
	kunmap_atomic(kaddr);
	return left;
}
