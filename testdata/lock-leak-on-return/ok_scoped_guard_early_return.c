/* expect-none */
struct fw {
	struct mutex load_lock;
	int state;
};

int fw_start(struct fw *f)
{
	guard(mutex)(&f->load_lock);
	if (f->state)
		return -EBUSY;
	f->state = 1;
	return 0;
}
