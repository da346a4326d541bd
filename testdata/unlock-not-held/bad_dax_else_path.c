struct page;
struct address_space;

struct page *find_get_page(struct address_space *mapping, long index);
int dax_load_hole(struct address_space *mapping, struct page *page);

int dax_fault_hole(struct address_space *mapping, long pgoff, int write)
{
	struct page *page;

	page = find_get_page(mapping, pgoff);
	if (!page)
		i_mmap_lock_write(mapping);			/* step: acquire */
	if (write)
		return -EIO;					/* expect: lock-leak-on-return */
	i_mmap_unlock_write(mapping);				/* expect: unlock-not-held */ /* step: release */
	return dax_load_hole(mapping, page);
}
