/* expect-none */
struct bucket {
	spinlock_t lock;
	int n;
};

struct table {
	spinlock_t resize_lock;
	struct bucket *b;
};

void table_grow(struct table *t)
{
	spin_lock(&t->resize_lock);
	spin_lock(&t->b->lock);
	t->b->n++;
	spin_unlock(&t->b->lock);
	spin_unlock(&t->resize_lock);
}
