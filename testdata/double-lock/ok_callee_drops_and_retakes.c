/* expect-none */
/*
 * Completion helpers called with the controller lock held drop it around the gadget's callback and take it back
 * before returning: the re-acquisition restores the caller's lock, it is not a second one. Also when the helper
 * that drops the lock is one level further down.
 */
struct udc_req;

struct udc {
	spinlock_t lock;
	void (*complete)(struct udc_req *req);
};

static void udc_giveback(struct udc *u, struct udc_req *req)
{
	spin_unlock(&u->lock);
	u->complete(req);
	spin_lock(&u->lock);
}

static void udc_done(struct udc *u, struct udc_req *req, int status)
{
	if (status)
		return;
	udc_giveback(u, req);
}

void udc_irq(struct udc *u, struct udc_req *req)
{
	unsigned long flags;

	spin_lock_irqsave(&u->lock, flags);
	udc_giveback(u, req);
	udc_done(u, req, 0);
	spin_unlock_irqrestore(&u->lock, flags);
}
