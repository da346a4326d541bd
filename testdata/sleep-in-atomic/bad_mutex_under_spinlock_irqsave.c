struct hw {
	spinlock_t irq_lock;
	struct mutex cfg_lock;
	int cfg;
};

void hw_irq_reconfigure(struct hw *h, int cfg)
{
	unsigned long flags;

	spin_lock_irqsave(&h->irq_lock, flags);
	mutex_lock(&h->cfg_lock);				/* expect: sleep-in-atomic */
	h->cfg = cfg;
	mutex_unlock(&h->cfg_lock);
	spin_unlock_irqrestore(&h->irq_lock, flags);
}
