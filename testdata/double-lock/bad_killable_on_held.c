struct fw {
	struct mutex lock;
	int loaded;
};

int fw_reload(struct fw *f)
{
	mutex_lock(&f->lock);
	f->loaded = 0;
	if (mutex_lock_killable(&f->lock))			/* expect: double-lock */
		return -EINTR;					/* expect: lock-leak-on-return */
	mutex_unlock(&f->lock);
	mutex_unlock(&f->lock);
	return 0;
}
