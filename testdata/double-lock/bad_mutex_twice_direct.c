struct panel {
	struct mutex lock;
	int brightness;
};

void panel_set(struct panel *p, int level)
{
	mutex_lock(&p->lock);					/* step: acquire */
	p->brightness = level;
	if (level == 0)
		mutex_lock(&p->lock);				/* expect: double-lock */
	mutex_unlock(&p->lock);
}
