struct inode;
struct buffer_head;
struct address_space;

typedef int (get_block_t)(struct inode *inode, long block, struct buffer_head *bh, int create);

int dax_pmd_fault(struct address_space *mapping, struct inode *inode, long block,
		  struct buffer_head *bh, get_block_t get_block)
{
	int length;

	i_mmap_lock_write(mapping);				/* step: acquire */
	length = get_block(inode, block, bh, 1);		/* expect: lock-held-across-callback */
	if (length)
		return VM_FAULT_SIGBUS;				/* expect: lock-leak-on-return */
	i_mmap_unlock_write(mapping);
	return VM_FAULT_NOPAGE;
}
