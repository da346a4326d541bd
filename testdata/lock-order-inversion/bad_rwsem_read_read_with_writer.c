struct hmm {
	struct rw_semaphore mirrors_sem;
	int nr_mirrors;
};

struct gpu_dev {
	struct mutex lock;
	int busy;
};

static void gpu_update_pagetables(struct gpu_dev *gpu)
{
	mutex_lock(&gpu->lock);
	gpu->busy = 1;
	mutex_unlock(&gpu->lock);
}

/* Thread A: invalidation holds mirrors_sem for read, then takes the device lock. */
void hmm_invalidate_range(struct hmm *h, struct gpu_dev *gpu)
{
	down_read(&h->mirrors_sem);
	gpu_update_pagetables(gpu);
	up_read(&h->mirrors_sem);
}

/* Thread B: a writer queues on mirrors_sem behind thread A. */
void hmm_mirror_unregister(struct hmm *h)
{
	down_write(&h->mirrors_sem);
	h->nr_mirrors--;
	up_write(&h->mirrors_sem);
}

/* Thread C: migration holds the device lock, then wants mirrors_sem for read behind thread B. */
void gpu_migrate(struct gpu_dev *gpu, struct hmm *h)
{
	mutex_lock(&gpu->lock);
	down_read(&h->mirrors_sem);				/* expect: lock-order-inversion */
	gpu->busy = 0;
	up_read(&h->mirrors_sem);
	mutex_unlock(&gpu->lock);
}
