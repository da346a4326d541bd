/* expect-none */
struct tri {
	struct mutex a;
	struct mutex b;
	struct mutex c;
	int v;
};

void tri_ab(struct tri *t)
{
	mutex_lock(&t->a);
	mutex_lock(&t->b);
	t->v = 1;
	mutex_unlock(&t->b);
	mutex_unlock(&t->a);
}

void tri_bc(struct tri *t)
{
	mutex_lock(&t->b);
	mutex_lock(&t->c);
	t->v = 2;
	mutex_unlock(&t->c);
	mutex_unlock(&t->b);
}

void tri_ac(struct tri *t)
{
	mutex_lock(&t->a);
	mutex_lock(&t->c);
	t->v = 3;
	mutex_unlock(&t->c);
	mutex_unlock(&t->a);
}
