/* expect-none */
/* Seed 002, fixed as the thread proposed: block mapping and zeroing move to the filesystem, so get_block()
 * runs before i_mmap_rwsem is taken, every unlock pairs with a lock, and the error path unlocks. */
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
int dax_load_hole(struct address_space *mapping, struct page *page, struct vm_fault *vmf);
int dax_insert_mapping(struct inode *inode, struct buffer_head *bh, struct vm_fault *vmf);
int buffer_mapped(struct buffer_head *bh);

int __dax_fault(struct address_space *mapping, struct vm_fault *vmf, get_block_t get_block)
{
	struct inode *inode = mapping->host;
	struct buffer_head bh;
	struct page *page;
	int locked = 0;
	int error;

	error = get_block(inode, vmf->pgoff, &bh, vmf->flags & 1);
	if (error)
		return VM_FAULT_SIGBUS;
	if (!buffer_mapped(&bh) && !vmf->cow_page)
		return dax_load_hole(mapping, 0, vmf);

	page = find_get_page(mapping, vmf->pgoff);
	if (!page) {
		i_mmap_lock_read(mapping);
		locked = 1;
	}
	error = dax_insert_mapping(inode, &bh, vmf);
	if (locked)
		i_mmap_unlock_read(mapping);
	return error;
}

int __dax_pmd_fault(struct address_space *mapping, struct vm_fault *vmf, get_block_t get_block)
{
	struct inode *inode = mapping->host;
	struct buffer_head bh;
	int result = VM_FAULT_NOPAGE;

	if (get_block(inode, vmf->pgoff, &bh, 1))
		return VM_FAULT_SIGBUS;
	i_mmap_lock_read(mapping);
	if (dax_insert_mapping(inode, &bh, vmf))
		result = VM_FAULT_SIGBUS;
	i_mmap_unlock_read(mapping);
	return result;
}
