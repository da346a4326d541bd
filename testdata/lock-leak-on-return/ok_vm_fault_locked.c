/* expect-none */
struct address_space;
struct page;

int dax_cow_fault(struct address_space *mapping, struct page *cow_page, struct page *page)
{
	if (!page)
		i_mmap_lock_read(mapping);
	if (cow_page) {
		/* The caller releases i_mmap_rwsem when it sees VM_FAULT_LOCKED. */
		if (!page)
			return VM_FAULT_LOCKED;
		return VM_FAULT_NOPAGE;
	}
	if (!page)
		i_mmap_unlock_read(mapping);
	return VM_FAULT_NOPAGE;
}
