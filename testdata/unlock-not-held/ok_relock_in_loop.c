/* expect-none */
struct worklist {
	spinlock_t lock;
	int pending;
};

void process_one(struct worklist *w);

void worklist_run(struct worklist *w)
{
	spin_lock(&w->lock);
	while (w->pending) {
		w->pending--;
		spin_unlock(&w->lock);
		process_one(w);
		spin_lock(&w->lock);
	}
	spin_unlock(&w->lock);
}
