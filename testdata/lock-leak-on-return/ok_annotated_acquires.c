/* expect-none */
struct sb {
	spinlock_t lock;
	int dirty;
};

int sb_lock_if_dirty(struct sb *s)
	__acquires(&s->lock)
{
	spin_lock(&s->lock);
	if (s->dirty)
		return 1;
	spin_unlock(&s->lock);
	return 1;
}
