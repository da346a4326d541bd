/* expect-none */
struct mirror;

struct mirror_ops {
	void (*release)(struct mirror *m);
};

struct mirror {
	const struct mirror_ops *ops;
	struct mirror *next;
};

struct hub {
	struct rw_semaphore mirrors_sem;
	struct mirror *mirrors;
};

void hub_release_all(struct hub *h)
{
	struct mirror *m;

	down_write(&h->mirrors_sem);
	m = h->mirrors;
	while (m) {
		h->mirrors = m->next;
		/* Drop mirrors_sem so release() may wait on work that needs it. */
		up_write(&h->mirrors_sem);
		m->ops->release(m);
		down_write(&h->mirrors_sem);
		m = h->mirrors;
	}
	up_write(&h->mirrors_sem);
}
