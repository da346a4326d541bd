struct blk_map {
	struct mutex lock;
	int nr;
};

int map_block(struct blk_map *m, int block)
{
	mutex_lock(&m->lock);					/* step: acquire */
	if (block >= m->nr)
		return -EINVAL;					/* expect: lock-leak-on-return */ /* step: return */
	m->nr++;
	mutex_unlock(&m->lock);
	return 0;
}
