struct inode_info {
	struct mutex io_lock;
	long size;
};

static void ii_lock(struct inode_info *ii)
{
	mutex_lock(&ii->io_lock);
}

static void ii_unlock(struct inode_info *ii)
{
	mutex_unlock(&ii->io_lock);
}

void ii_truncate(struct inode_info *ii, long size)
{
	ii_lock(ii);
	ii->size = size;
	mutex_lock(&ii->io_lock);				/* expect: double-lock */
	ii_unlock(ii);
}
