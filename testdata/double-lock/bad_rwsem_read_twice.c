struct fs_info {
	struct rw_semaphore sb_sem;
	int frozen;
};

static int fs_check_frozen(struct fs_info *fs)
{
	int f;

	down_read(&fs->sb_sem);
	f = fs->frozen;
	up_read(&fs->sb_sem);
	return f;
}

int fs_write_begin(struct fs_info *fs)
{
	int ret;

	down_read(&fs->sb_sem);
	ret = fs_check_frozen(fs);				/* expect: double-lock */
	up_read(&fs->sb_sem);
	return ret;
}
