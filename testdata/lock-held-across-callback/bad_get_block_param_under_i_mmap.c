struct inode;
struct buffer_head;
struct address_space;

typedef int (get_block_t)(struct inode *inode, long block, struct buffer_head *bh, int create);

int dax_map_block(struct address_space *mapping, struct inode *inode, long block,
		  struct buffer_head *bh, get_block_t get_block)
{
	int error;

	i_mmap_lock_read(mapping);				/* step: acquire */
	error = get_block(inode, block, bh, 1);			/* expect: lock-held-across-callback */
	i_mmap_unlock_read(mapping);
	return error;
}
