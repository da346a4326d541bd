/* Seed 002: the DAX fault handlers of v4.3-rc2, rebuilt. */
struct inode;
struct page;

struct buffer_head {
	int state;
};

struct address_space {
	struct inode *host;
};

struct vm_fault {
	long pgoff;
	int flags;
	struct page *cow_page;
};

typedef int (get_block_t)(struct inode *inode, long block, struct buffer_head *bh, int create);

struct page *find_get_page(struct address_space *mapping, long index);
struct page *find_lock_page(struct address_space *mapping, long index);
int dax_load_hole(struct address_space *mapping, struct page *page, struct vm_fault *vmf);
int dax_insert_mapping(struct inode *inode, struct buffer_head *bh, struct vm_fault *vmf);
int buffer_mapped(struct buffer_head *bh);

int __dax_fault(struct address_space *mapping, struct vm_fault *vmf, get_block_t get_block, int major)
{
	struct inode *inode = mapping->host;
	struct buffer_head bh;
	struct page *page;
	int error;

	page = find_get_page(mapping, vmf->pgoff);
	if (!page)
		i_mmap_lock_write(mapping);			/* step: acquire */

	error = get_block(inode, vmf->pgoff, &bh, 0);		/* expect: lock-held-across-callback */
	if (!error && !buffer_mapped(&bh) && !vmf->cow_page) {
		if (vmf->flags & 1) {
			error = get_block(inode, vmf->pgoff, &bh, 1);	/* expect: lock-held-across-callback */
		} else {
			i_mmap_unlock_write(mapping);		/* expect: unlock-not-held */ /* step: release */
			return dax_load_hole(mapping, page, vmf);
		}
	}

	/* Check we didn't race with a read fault installing a new page */
	if (!page && major)
		page = find_lock_page(mapping, vmf->pgoff);

	error = dax_insert_mapping(inode, &bh, vmf);
	if (!page)
		i_mmap_unlock_write(mapping);
	return error;						/* expect: lock-leak-on-return */
}

int __dax_pmd_fault(struct address_space *mapping, struct vm_fault *vmf, get_block_t get_block)
{
	struct inode *inode = mapping->host;
	struct buffer_head bh;
	int length;

	i_mmap_lock_write(mapping);				/* step: acquire */
	length = get_block(inode, vmf->pgoff, &bh, 1);		/* expect: lock-held-across-callback */
	if (length)
		return VM_FAULT_SIGBUS;				/* expect: lock-leak-on-return */ /* step: return */
	dax_insert_mapping(inode, &bh, vmf);
	i_mmap_unlock_write(mapping);
	return VM_FAULT_NOPAGE;
}
