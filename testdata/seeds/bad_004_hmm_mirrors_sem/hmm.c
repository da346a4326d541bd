/* Seed 004: mm/hmm.c after "Remove confusing comment and logic from hmm_release". */
struct hmm_mirror;

struct hmm_mirror_ops {
	void (*release)(struct hmm_mirror *mirror);
	int (*sync_cpu_device_pagetables)(struct hmm_mirror *mirror, unsigned long start, unsigned long end);
};

struct hmm {
	struct rw_semaphore mirrors_sem;
	struct hmm_mirror *mirrors;
};

struct hmm_mirror {
	struct hmm *hmm;
	const struct hmm_mirror_ops *ops;
	struct hmm_mirror *next;
};

void hmm_release(struct hmm *hmm)
{
	struct hmm_mirror *mirror;

	down_read(&hmm->mirrors_sem);				/* step: acquire */
	for (mirror = hmm->mirrors; mirror; mirror = mirror->next) {
		if (mirror->ops->release)
			mirror->ops->release(mirror);		/* expect: lock-held-across-callback */ /* step: callback */
	}
	up_read(&hmm->mirrors_sem);
}

/* Thread A (try_to_unmap) and thread C (migrate_vma) both come through here. */
int hmm_invalidate_range_start(struct hmm *hmm, unsigned long start, unsigned long end)
{
	struct hmm_mirror *mirror;
	int ret = 0;

	down_read(&hmm->mirrors_sem);
	for (mirror = hmm->mirrors; mirror; mirror = mirror->next) {
		ret = mirror->ops->sync_cpu_device_pagetables(mirror, start, end);	/* expect: lock-held-across-callback */
		if (ret)
			break;
	}
	up_read(&hmm->mirrors_sem);
	return ret;
}

/* Thread B: an unrelated driver unregisters; its writer queues behind thread A's reader. */
void hmm_mirror_unregister(struct hmm_mirror *mirror)
{
	struct hmm *hmm = mirror->hmm;

	down_write(&hmm->mirrors_sem);
	hmm->mirrors = mirror->next;
	up_write(&hmm->mirrors_sem);
}
