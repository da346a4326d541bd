/* expect-none */
/*
 * The lock is reached through an accessor declared in a header faultline does not read, once to take it and
 * once to drop it: both calls name the same lock, and the allocation after the unlock runs outside it.
 */
struct drm_dev {
	spinlock_t event_lock;
	int pending;
};

struct gpu {
	struct drm_dev *ddev;
};

int gpu_commit(struct gpu *g, unsigned long size)
{
	unsigned long flags;
	void *state;

	spin_lock_irqsave(&gpu_to_drm(g)->event_lock, flags);
	gpu_to_drm(g)->pending = 0;
	spin_unlock_irqrestore(&gpu_to_drm(g)->event_lock, flags);

	state = kzalloc(size, GFP_KERNEL);
	if (!state)
		return -ENOMEM;
	kfree(state);
	return 0;
}
