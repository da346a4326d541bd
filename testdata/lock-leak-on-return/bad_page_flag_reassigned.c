struct page;
struct address_space;

struct page *find_get_page(struct address_space *mapping, long index);
struct page *find_lock_page(struct address_space *mapping, long index);

int dax_fault_tail(struct address_space *mapping, long pgoff, int major)
{
	struct page *page;
	int ret = 0;

	page = find_get_page(mapping, pgoff);
	if (!page)
		i_mmap_lock_write(mapping);
	if (!page && major)
		page = find_lock_page(mapping, pgoff);
	if (!page)
		i_mmap_unlock_write(mapping);
	return ret;						/* expect: lock-leak-on-return */
}
