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

struct gpu_drv {
	struct mutex lock;
	int live;
};

static struct gpu_drv gpu;

static void gpu_mirror_release(struct mirror *m)
{
	mutex_lock(&gpu.lock);
	gpu.live = 0;
	mutex_unlock(&gpu.lock);
}

static const struct mirror_ops gpu_mirror_ops = {
	.release = gpu_mirror_release,
};

void hub_release(struct hub *h)
{
	struct mirror *m;

	down_read(&h->mirrors_sem);				/* step: acquire */
	for (m = h->mirrors; m; m = m->next) {
		if (m->ops->release)
			m->ops->release(m);			/* expect: lock-held-across-callback */ /* step: callback */
	}
	up_read(&h->mirrors_sem);
}
