/* expect-none */
struct blk_map {
	struct mutex lock;
	int nr;
};

int map_block(struct blk_map *m, int block)
{
	int ret = 0;

	mutex_lock(&m->lock);
	if (block >= m->nr) {
		ret = -EINVAL;
		goto unlock;
	}
	m->nr++;
unlock:
	mutex_unlock(&m->lock);
	return ret;
}
