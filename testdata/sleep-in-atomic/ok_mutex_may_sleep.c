/* expect-none */
struct cfg_store {
	struct mutex lock;
	void *blob;
};

int cfg_store_load(struct cfg_store *s, unsigned long size)
{
	mutex_lock(&s->lock);
	s->blob = kzalloc(size, GFP_KERNEL);
	msleep(5);
	mutex_unlock(&s->lock);
	return s->blob ? 0 : -ENOMEM;
}
