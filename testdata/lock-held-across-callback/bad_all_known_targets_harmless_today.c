struct led;

struct led_ops {
	void (*set)(struct led *l, int on);
};

struct led {
	spinlock_t lock;
	const struct led_ops *ops;
	int state;
};

static void gpio_led_set(struct led *l, int on)
{
	l->state = on;
}

static void pwm_led_set(struct led *l, int on)
{
	l->state = on ? 255 : 0;
}

static const struct led_ops gpio_led_ops = {
	.set = gpio_led_set,
};

static const struct led_ops pwm_led_ops = {
	.set = pwm_led_set,
};

void led_toggle(struct led *l)
{
	spin_lock(&l->lock);
	l->ops->set(l, !l->state);				/* expect: lock-held-across-callback */
	spin_unlock(&l->lock);
}
