/* expect-none */
/* Seed 004, fixed as Ralph proposed: mirrors are walked under SRCU, so callbacks run without mirrors_sem. */
struct hmm_mirror;

struct hmm_mirror_ops {
	void (*release)(struct hmm_mirror *mirror);
	int (*sync_cpu_device_pagetables)(struct hmm_mirror *mirror, unsigned long start, unsigned long end);
};

struct srcu_struct {
	int idx;
};

struct hmm {
	struct rw_semaphore mirrors_sem;
	struct srcu_struct mirrors_srcu;
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
	int idx;

	idx = srcu_read_lock(&hmm->mirrors_srcu);
	for (mirror = hmm->mirrors; mirror; mirror = mirror->next) {
		if (mirror->ops->release)
			mirror->ops->release(mirror);
	}
	srcu_read_unlock(&hmm->mirrors_srcu, idx);
}

int hmm_invalidate_range_start(struct hmm *hmm, unsigned long start, unsigned long end)
{
	struct hmm_mirror *mirror;
	int ret = 0;
	int idx;

	idx = srcu_read_lock(&hmm->mirrors_srcu);
	for (mirror = hmm->mirrors; mirror; mirror = mirror->next) {
		ret = mirror->ops->sync_cpu_device_pagetables(mirror, start, end);
		if (ret)
			break;
	}
	srcu_read_unlock(&hmm->mirrors_srcu, idx);
	return ret;
}

void hmm_mirror_unregister(struct hmm_mirror *mirror)
{
	struct hmm *hmm = mirror->hmm;

	down_write(&hmm->mirrors_sem);
	hmm->mirrors = mirror->next;
	up_write(&hmm->mirrors_sem);
	synchronize_srcu(&hmm->mirrors_srcu);
}
