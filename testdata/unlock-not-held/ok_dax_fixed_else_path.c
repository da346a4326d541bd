/* expect-none */
struct page;
struct address_space;

struct page *find_get_page(struct address_space *mapping, long index);
int dax_load_hole(struct address_space *mapping, struct page *page);

int dax_fault_hole(struct address_space *mapping, long pgoff)
{
	struct page *page;

	page = find_get_page(mapping, pgoff);
	if (!page)
		i_mmap_lock_write(mapping);
	if (!page)
		i_mmap_unlock_write(mapping);
	return dax_load_hole(mapping, page);
}
