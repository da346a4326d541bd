/* expect-none */
/*
 * A shift-register GPIO driver holds its own lock while it toggles a load line through the GPIO core. The
 * core's wrapper calls chip->set(), which this very driver also implements (taking its lock), but the load line
 * belongs to another chip: what an op does is not inherited through the wrapper that calls it.
 */
struct gpio_desc;

struct gpio_chip {
	void (*set)(struct gpio_chip *gc, unsigned int offset, int value);
};

struct gpio_desc {
	struct gpio_chip *gc;
	unsigned int offset;
};

struct sreg {
	struct gpio_chip chip;
	struct mutex lock;
	struct gpio_desc *load;
	unsigned char bits;
};

void gpio_desc_set(struct gpio_desc *desc, int value)
{
	desc->gc->set(desc->gc, desc->offset, value);
}

static void sreg_set(struct gpio_chip *gc, unsigned int offset, int value)
{
	struct sreg *s = container_of(gc, struct sreg, chip);

	mutex_lock(&s->lock);
	s->bits = value ? s->bits | (1 << offset) : s->bits & ~(1 << offset);
	mutex_unlock(&s->lock);
}

static const struct gpio_chip sreg_template = {
	.set = sreg_set,
};

int sreg_latch(struct sreg *s)
{
	mutex_lock(&s->lock);
	gpio_desc_set(s->load, 1);
	gpio_desc_set(s->load, 0);
	mutex_unlock(&s->lock);
	return 0;
}
