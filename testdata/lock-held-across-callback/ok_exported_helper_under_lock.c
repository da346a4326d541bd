/* expect-none */
/*
 * A helper exported with EXPORT_SYMBOL_GPL() and called later in the same file under a lock is a direct call,
 * not a callback.
 */
struct regbus {
	struct mutex lock;
	unsigned int cache;
};

int regbus_cached(struct regbus *b)
{
	return b->cache;
}
EXPORT_SYMBOL_GPL(regbus_cached);

int regbus_read(struct regbus *b)
{
	int v;

	mutex_lock(&b->lock);
	v = regbus_cached(b);
	mutex_unlock(&b->lock);
	return v;
}
