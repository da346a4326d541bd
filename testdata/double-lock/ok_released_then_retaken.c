/* expect-none */
struct panel {
	struct mutex lock;
	int brightness;
};

void panel_step(struct panel *p)
{
	mutex_lock(&p->lock);
	p->brightness++;
	mutex_unlock(&p->lock);
	mutex_lock(&p->lock);
	p->brightness--;
	mutex_unlock(&p->lock);
}
