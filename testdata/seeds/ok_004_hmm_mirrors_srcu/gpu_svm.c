/* expect-none */
/* A device driver mirroring the process address space (nouveau-like). */
struct hmm;
struct hmm_mirror;

struct hmm_mirror_ops {
	void (*release)(struct hmm_mirror *mirror);
	int (*sync_cpu_device_pagetables)(struct hmm_mirror *mirror, unsigned long start, unsigned long end);
};

struct gpu_dev {
	struct mutex device_lock;
	struct hmm *hmm;
	int dirty;
};

static struct gpu_dev gpu;

int hmm_invalidate_range_start(struct hmm *hmm, unsigned long start, unsigned long end);

static void gpu_mirror_release(struct hmm_mirror *mirror)
{
	gpu.dirty = 0;
}

/* Thread A: called with mirrors_sem held for read, takes device_lock. */
static int gpu_sync_pagetables(struct hmm_mirror *mirror, unsigned long start, unsigned long end)
{
	mutex_lock(&gpu.device_lock);
	gpu.dirty = 1;
	mutex_unlock(&gpu.device_lock);
	return 0;
}

static const struct hmm_mirror_ops gpu_mirror_ops = {
	.release = gpu_mirror_release,
	.sync_cpu_device_pagetables = gpu_sync_pagetables,
};

/* Thread C: holds device_lock, then migration invalidates and wants mirrors_sem for read. */
int gpu_migrate_vma(struct gpu_dev *g, unsigned long start, unsigned long end)
{
	int ret;

	mutex_lock(&g->device_lock);
	ret = hmm_invalidate_range_start(g->hmm, start, end);
	mutex_unlock(&g->device_lock);
	return ret;
}
