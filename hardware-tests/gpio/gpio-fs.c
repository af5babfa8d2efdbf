/*
 * gpio-fs: a FUSE file system shaped like the legacy sysfs GPIO interface, so that onoff
 * (which hard-codes /sys/class/gpio) runs unchanged against simulated pins.
 *
 *   gpio-fs --chip=LABEL:BASE:NGPIO [--chip=...] MOUNTPOINT [fuse options]
 *
 * Files: export, unexport, gpiochipBASE/{label,base,ngpio}, gpioN/{value,direction,edge,
 * active_low} while N is exported, and a test-only `control` file. Lines written to control:
 *   set N 0|1              drive the electrical level of pin N (an edge if it is watched)
 *   leftover N in|out 0|1  pin N is already exported, as a crashed run leaves it
 *   hold N busy|perm|inval a kernel driver owns pin N: export fails with that errno
 * Reading control lists every pin touched so far and a log of export/unexport answers.
 */
#define FUSE_USE_VERSION 31
#include <fuse.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#define MAX_PINS 2048
#define MAX_CHIPS 8
#define LOG_SIZE 8192

enum kind { NONE, ROOT, EXPORT, UNEXPORT, CONTROL, CHIP_DIR, CHIP_ATTR, PIN_DIR, PIN_ATTR };
static const char *EDGES[] = { "none", "rising", "falling", "both" };
static const char *CHIP_FILES[] = { "label", "base", "ngpio", NULL };
static const char *PIN_FILES[] = { "value", "direction", "edge", "active_low", NULL };

struct pin {
  int known, exported, held_errno, out, level, active_low, edge;
  unsigned events; /* bumped on every edge; a reader that saw fewer is due a POLLPRI */
  unsigned reads;  /* value reads, so tests can tell an interrupt was handled */
};

/* One per open value file: sysfs signals an edge to each reader until it reads again. */
struct handle { int pin; unsigned seen; struct fuse_pollhandle *ph; struct handle *next; };
struct chip { char label[64]; int base, ngpio; };

static struct pin pins[MAX_PINS];
static struct chip chips[MAX_CHIPS];
static int chip_count;
static struct handle *handles;
static char event_log[LOG_SIZE];

static int valid_pin(int n) {
  for (int i = 0; i < chip_count; i++)
    if (n >= chips[i].base && n < chips[i].base + chips[i].ngpio) return 1;
  return 0;
}

static struct chip *chip_at(int base) {
  for (int i = 0; i < chip_count; i++) if (chips[i].base == base) return &chips[i];
  return NULL;
}

static int in_list(const char *name, const char **list) {
  for (; *list; list++) if (!strcmp(name, *list)) return 1;
  return 0;
}

/* Says what a path names; n is the chip base or pin number, leaf the attribute. */
static enum kind classify(const char *path, int *n, const char **leaf) {
  int chip = !strncmp(path, "/gpiochip", 9), skip = chip ? 9 : 5;
  char *end;
  if (!strcmp(path, "/")) return ROOT;
  if (!strcmp(path, "/export")) return EXPORT;
  if (!strcmp(path, "/unexport")) return UNEXPORT;
  if (!strcmp(path, "/control")) return CONTROL;
  if (strncmp(path, "/gpio", 5) != 0) return NONE;
  long v = strtol(path + skip, &end, 10);
  if (end == path + skip || v < 0 || v >= MAX_PINS || (*end && *end != '/')) return NONE;
  *n = (int)v;
  *leaf = *end ? end + 1 : end;
  if (chip && chip_at(*n))
    return !**leaf ? CHIP_DIR : in_list(*leaf, CHIP_FILES) ? CHIP_ATTR : NONE;
  if (!chip && pins[*n].exported)
    return !**leaf ? PIN_DIR : in_list(*leaf, PIN_FILES) ? PIN_ATTR : NONE;
  return NONE;
}

static int logical(const struct pin *p) { return p->level ^ p->active_low; }

static void log_answer(const char *what, int n, int rc) {
  size_t used = strlen(event_log);
  const char *name = rc == 0 ? "ok" : rc == -EBUSY ? "EBUSY" : rc == -EPERM ? "EPERM" : "EINVAL";
  if (used + 64 < LOG_SIZE)
    snprintf(event_log + used, LOG_SIZE - used, "log %s %d %s\n", what, n, name);
}

/* Pin n's logical level changed: count an edge if its edge setting asks, wake pollers. */
static void level_changed(int n, int before) {
  struct pin *p = &pins[n];
  int now = logical(p);
  int wanted = p->edge == 3 || (p->edge == 1 && now && !before) || (p->edge == 2 && !now && before);
  if (!p->exported || p->out || !wanted) return;
  p->events++;
  for (struct handle *h = handles; h; h = h->next)
    if (h->pin == n && h->ph) {
      fuse_notify_poll(h->ph);
      fuse_pollhandle_destroy(h->ph);
      h->ph = NULL;
    }
}

static int fs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
  static const mode_t MODES[] = { 0, S_IFDIR | 0755, S_IFREG | 0200, S_IFREG | 0200, S_IFREG | 0600,
                                  S_IFDIR | 0755, S_IFREG | 0444, S_IFDIR | 0755, S_IFREG | 0644 };
  int n;
  const char *leaf;
  enum kind kind = classify(path, &n, &leaf);
  (void)fi;
  if (kind == NONE) return -ENOENT;
  memset(st, 0, sizeof *st);
  st->st_nlink = 1;
  st->st_mode = MODES[kind];
  return 0;
}

static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
                      struct fuse_file_info *fi, enum fuse_readdir_flags flags) {
  static const char *ROOT_FILES[] = { ".", "..", "export", "unexport", "control", NULL };
  char name[32];
  int n;
  const char *leaf;
  enum kind kind = classify(path, &n, &leaf);
  (void)off; (void)fi; (void)flags;
  if (kind != ROOT && kind != CHIP_DIR && kind != PIN_DIR) return -ENOTDIR;
  const char **names = kind == ROOT ? ROOT_FILES : kind == CHIP_DIR ? CHIP_FILES : PIN_FILES;
  for (; *names; names++) fill(buf, *names, NULL, 0, 0);
  if (kind != ROOT) return 0;
  for (int i = 0; i < chip_count; i++) {
    snprintf(name, sizeof name, "gpiochip%d", chips[i].base);
    fill(buf, name, NULL, 0, 0);
  }
  for (int i = 0; i < MAX_PINS; i++)
    if (pins[i].exported) { snprintf(name, sizeof name, "gpio%d", i); fill(buf, name, NULL, 0, 0); }
  return 0;
}

static int fs_open(const char *path, struct fuse_file_info *fi) {
  int n;
  const char *leaf;
  if (classify(path, &n, &leaf) == PIN_ATTR && !strcmp(leaf, "value")) {
    struct handle *h = calloc(1, sizeof *h);
    if (!h) return -ENOMEM;
    *h = (struct handle){ .pin = n, .seen = pins[n].events, .next = handles };
    handles = h;
    fi->fh = (uint64_t)(uintptr_t)h;
  }
  return 0;
}

static int fs_release(const char *path, struct fuse_file_info *fi) {
  struct handle *h = (struct handle *)(uintptr_t)fi->fh;
  (void)path;
  if (!h) return 0;
  for (struct handle **at = &handles; *at; at = &(*at)->next)
    if (*at == h) { *at = h->next; break; }
  if (h->ph) fuse_pollhandle_destroy(h->ph);
  free(h);
  return 0;
}

static int control_text(char *out, size_t size) {
  size_t used = 0;
  for (int n = 0; n < MAX_PINS && used < size; n++) {
    struct pin *p = &pins[n];
    if (!p->known) continue;
    used += snprintf(out + used, size - used, "pin %d exported %d direction %s level %d "
                     "active_low %d edge %s held %d reads %u\n", n, p->exported,
                     p->out ? "out" : "in", p->level, p->active_low, EDGES[p->edge],
                     p->held_errno != 0, p->reads);
  }
  if (used < size) used += snprintf(out + used, size - used, "%s", event_log);
  return used < size ? (int)used : (int)size;
}

static int fs_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
  static char text[65536];
  int n, len = -1;
  const char *leaf;
  enum kind kind = classify(path, &n, &leaf);
  struct chip *c = kind == CHIP_ATTR ? chip_at(n) : NULL;
  struct pin *p = kind == PIN_ATTR ? &pins[n] : NULL;
  struct handle *h = (struct handle *)(uintptr_t)fi->fh;
  if (kind == CONTROL) len = control_text(text, sizeof text);
  else if (c && !strcmp(leaf, "label")) len = snprintf(text, sizeof text, "%s\n", c->label);
  else if (c) len = snprintf(text, sizeof text, "%d\n", leaf[0] == 'b' ? c->base : c->ngpio);
  else if (p && !strcmp(leaf, "direction")) len = sprintf(text, p->out ? "out\n" : "in\n");
  else if (p && !strcmp(leaf, "edge")) len = sprintf(text, "%s\n", EDGES[p->edge]);
  else if (p && !strcmp(leaf, "active_low")) len = sprintf(text, "%d\n", p->active_low);
  else if (p) {
    len = snprintf(text, sizeof text, "%d\n", logical(p));
    p->reads++;
    if (h) h->seen = p->events; /* reading the value acknowledges the edge, as in sysfs */
  }
  if (len < 0) return -EIO;
  if (off >= len) return 0;
  if ((size_t)(len - off) < size) size = (size_t)(len - off);
  memcpy(buf, text + off, size);
  return (int)size;
}

static int control_line(const char *line) {
  int n, v;
  char word[16];
  if (sscanf(line, "set %d %d", &n, &v) == 2 && valid_pin(n)) {
    int before = logical(&pins[n]);
    pins[n].known = 1;
    if (!pins[n].out) pins[n].level = v != 0;
    if (logical(&pins[n]) != before) level_changed(n, before);
  } else if (sscanf(line, "leftover %d %15s %d", &n, word, &v) == 3 && valid_pin(n)) {
    pins[n] = (struct pin){ .known = 1, .exported = 1, .out = !strcmp(word, "out"), .level = !!v };
  } else if (sscanf(line, "hold %d %15s", &n, word) == 2 && valid_pin(n)) {
    pins[n].known = 1;
    pins[n].held_errno = !strcmp(word, "perm") ? EPERM : !strcmp(word, "inval") ? EINVAL : EBUSY;
  } else return -EINVAL;
  return 0;
}

static int export_line(enum kind kind, const char *text) {
  char *end;
  long v = strtol(text, &end, 10);
  int n = end != text && !*end && valid_pin((int)v) ? (int)v : -1, rc;
  if (kind == EXPORT) {
    rc = n < 0 ? -EINVAL : pins[n].held_errno ? -pins[n].held_errno : pins[n].exported ? -EBUSY : 0;
    if (rc == 0) pins[n] = (struct pin){ .known = 1, .exported = 1, .level = pins[n].level };
  } else {
    rc = n >= 0 && pins[n].exported ? 0 : -EINVAL;
    if (rc == 0) pins[n].exported = 0;
  }
  log_answer(kind == EXPORT ? "export" : "unexport", (int)v, rc);
  return rc;
}

static int attr_write(struct pin *p, const char *leaf, const char *text) {
  int bit = !strcmp(text, "1") ? 1 : !strcmp(text, "0") ? 0 : -1;
  if (!strcmp(leaf, "value")) {
    if (!p->out) return -EPERM;
    if (bit < 0) return -EINVAL;
    p->level = bit ^ p->active_low;
  } else if (!strcmp(leaf, "direction")) {
    /* "high" and "low" set the raw level, ignoring active_low, as the kernel does. */
    int out = strcmp(text, "in") != 0, high = !strcmp(text, "high");
    if (out && !high && strcmp(text, "out") && strcmp(text, "low")) return -EINVAL;
    if (out) p->level = high;
    p->out = out;
  } else if (!strcmp(leaf, "edge")) {
    int e = 0;
    while (e < 4 && strcmp(text, EDGES[e])) e++;
    if (e == 4) return -EINVAL;
    p->edge = e;
  } else {
    if (bit < 0) return -EINVAL;
    p->active_low = bit;
  }
  return 0;
}

static int fs_write(const char *path, const char *buf, size_t size, off_t off,
                    struct fuse_file_info *fi) {
  char text[4096], *line, *save;
  int n, rc = -EACCES;
  const char *leaf;
  enum kind kind = classify(path, &n, &leaf);
  (void)off; (void)fi;
  if (size >= sizeof text) return -EINVAL;
  memcpy(text, buf, size);
  text[size] = '\0';
  if (kind != CONTROL) text[strcspn(text, " \n")] = '\0'; /* "in\n" is "in" */
  if (kind == CONTROL) {
    rc = 0;
    for (line = strtok_r(text, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save))
      rc = control_line(line);
  } else if (kind == EXPORT || kind == UNEXPORT) rc = export_line(kind, text);
  else if (kind == PIN_ATTR) rc = attr_write(&pins[n], leaf, text);
  return rc == 0 ? (int)size : rc;
}

static int fs_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
  (void)path; (void)size; (void)fi;
  return 0; /* writeFileSync opens with O_TRUNC; attribute files have nothing to cut */
}

static int fs_poll(const char *path, struct fuse_file_info *fi, struct fuse_pollhandle *ph,
                   unsigned *reventsp) {
  struct handle *h = (struct handle *)(uintptr_t)fi->fh;
  (void)path;
  *reventsp = POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
  if (!h) { if (ph) fuse_pollhandle_destroy(ph); return 0; }
  if (ph) { if (h->ph) fuse_pollhandle_destroy(h->ph); h->ph = ph; }
  if (h->seen != pins[h->pin].events) *reventsp |= POLLPRI | POLLERR;
  return 0;
}

static void *fs_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
  (void)conn;
  /* No caching anywhere: values and gpioN folders change behind the kernel's back. */
  cfg->entry_timeout = cfg->attr_timeout = cfg->negative_timeout = 0;
  cfg->direct_io = 1;
  printf("gpio-fs ready\n");
  fflush(stdout);
  return NULL;
}

static const struct fuse_operations ops = {
  .getattr = fs_getattr, .readdir = fs_readdir, .open = fs_open, .release = fs_release,
  .read = fs_read, .write = fs_write, .truncate = fs_truncate, .poll = fs_poll, .init = fs_init,
};

int main(int argc, char *argv[]) {
  char *fuse_argv[argc + 3];
  int fuse_argc = 0;
  /* Leave with the test that started us, even when it dies without stopping the rig. */
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() == 1) return 1;
  fuse_argv[fuse_argc++] = argv[0];
  for (int i = 1; i < argc; i++) {
    struct chip *c = &chips[chip_count];
    if (strncmp(argv[i], "--chip=", 7) != 0) { fuse_argv[fuse_argc++] = argv[i]; continue; }
    if (chip_count == MAX_CHIPS ||
        sscanf(argv[i] + 7, "%63[^:]:%d:%d", c->label, &c->base, &c->ngpio) != 3 ||
        c->base < 0 || c->ngpio <= 0 || c->base + c->ngpio > MAX_PINS) {
      fprintf(stderr, "gpio-fs: bad chip '%s' (want --chip=LABEL:BASE:NGPIO)\n", argv[i]);
      return 2;
    }
    chip_count++;
  }
  fuse_argv[fuse_argc++] = "-f"; /* foreground: the test owns the process and its PID */
  fuse_argv[fuse_argc++] = "-s"; /* one thread: no locking needed around the pin table */
  return fuse_main(fuse_argc, fuse_argv, &ops, NULL);
}
