struct obj {
	int id;
};

struct obj_table {
	struct mutex lock;
	struct obj *slots[16];
};

struct obj *obj_lookup(struct obj_table *t, int id)
{
	struct obj *o;

	mutex_lock(&t->lock);
	if (id < 0 || id >= 16)
		return ERR_PTR(-EINVAL);			/* expect: lock-leak-on-return */
	o = t->slots[id];
	mutex_unlock(&t->lock);
	return o;
}
