/* expect-none */
struct lru {
	spinlock_t lock;
	int len;
};

int lru_trylock_nonempty(struct lru *l)
{
	if (!spin_trylock(&l->lock))
		return 0;
	if (!l->len) {
		spin_unlock(&l->lock);
		return 0;
	}
	return 1;
}
