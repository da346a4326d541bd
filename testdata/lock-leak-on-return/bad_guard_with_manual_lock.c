struct fw {
	struct mutex load_lock;
	spinlock_t state_lock;
	int state;
};

int fw_start(struct fw *f)
{
	guard(mutex)(&f->load_lock);
	spin_lock(&f->state_lock);
	if (f->state)
		return -EBUSY;					/* expect: lock-leak-on-return */
	f->state = 1;
	spin_unlock(&f->state_lock);
	return 0;
}
