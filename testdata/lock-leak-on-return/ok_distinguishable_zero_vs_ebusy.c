/* expect-none */
struct res {
	struct mutex lock;
	int owner;
};

/* Returns 0 with res->lock held, -EBUSY without it. */
int res_claim(struct res *r, int who)
{
	mutex_lock(&r->lock);
	if (r->owner) {
		mutex_unlock(&r->lock);
		return -EBUSY;
	}
	r->owner = who;
	return 0;
}
