/*
 * gpio-fs: a FUSE file system shaped like the legacy sysfs GPIO interface, so that onoff
 * (which hard-codes /sys/class/gpio) runs unchanged against simulated pins.
 *
 *   gpio-fs --chip=LABEL:BASE:NGPIO [--chip=...] MOUNTPOINT [fuse options]
 *
 * Files: export, unexport, gpiochipBASE/{label,base,ngpio}, gpioN/{value,direction,edge,
 * active_low} while N is exported, and a test-only `control` file. Lines written to control:
 *   set N 0|1              drive the physical level of pin N (raises an edge if watched)
 *   leftover N in|out 0|1  pin N is already exported, as a crashed run leaves it
 *   hold N busy|perm|inval a kernel driver owns pin N: export fails with that errno
 * Reading control lists every known pin and a log of export/unexport answers.
 */
#define FUSE_USE_VERSION 31
#include <fuse.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PINS 2048
#define MAX_CHIPS 8
#define LOG_SIZE 8192

enum { EDGE_NONE, EDGE_RISING, EDGE_FALLING, EDGE_BOTH };
static const char *EDGE_NAMES[] = { "none", "rising", "falling", "both" };

struct pin {
  int known, exported, held_errno, out, level, active_low, edge;
  unsigned events; /* bumped on every edge; a reader that saw fewer is due a POLLPRI */
  unsigned reads;  /* value reads, so tests can tell an interrupt was handled */
};

/* One per open value file: sysfs signals an edge to each reader until it reads again. */
struct handle {
  int pin;
  unsigned seen;
  struct fuse_pollhandle *ph;
  struct handle *next;
};

struct chip { char label[64]; int base, ngpio; };

static struct pin pins[MAX_PINS];
static struct chip chips[MAX_CHIPS];
static int chip_count;
static struct handle *handles;
static char event_log[LOG_SIZE];

static void log_line(const char *what, int n, int err) {
  size_t used = strlen(event_log);
  if (used + 64 < LOG_SIZE)
    snprintf(event_log + used, LOG_SIZE - used, "log %s %d %s\n", what, n,
             err == 0 ? "ok" : err == EBUSY ? "EBUSY" : err == EPERM ? "EPERM" : "EINVAL");
}

static int valid_pin(int n) {
  for (int i = 0; i < chip_count; i++)
    if (n >= chips[i].base && n < chips[i].base + chips[i].ngpio && n < MAX_PINS) return 1;
  return 0;
}

static int logical(const struct pin *p) { return p->level ^ p->active_low; }

/* The level of pin n changed: count an edge if its edge setting asks for one, wake pollers. */
static void level_changed(int n, int before) {
  struct pin *p = &pins[n];
  int now = logical(p);
  int wanted = p->edge == EDGE_BOTH || (p->edge == EDGE_RISING && now && !before) ||
               (p->edge == EDGE_FALLING && !now && before);
  if (!p->exported || p->out || !wanted) return;
  p->events++;
  for (struct handle *h = handles; h; h = h->next)
    if (h->pin == n && h->ph) {
      fuse_notify_poll(h->ph);
      fuse_pollhandle_destroy(h->ph);
      h->ph = NULL;
    }
}

/* Splits "/gpio539/value" into 539 and "value"; returns 0 when the path is not a pin path. */
static int pin_path(const char *path, const char *prefix, int *n, const char **leaf) {
  size_t len = strlen(prefix);
  char *end;
  if (strncmp(path, prefix, len) != 0) return 0;
  long v = strtol(path + len, &end, 10);
  if (end == path + len || v < 0 || v >= MAX_PINS || (*end != '\0' && *end != '/')) return 0;
  *n = (int)v;
  *leaf = *end == '/' ? end + 1 : end;
  return 1;
}

static struct chip *chip_of(int base) {
  for (int i = 0; i < chip_count; i++) if (chips[i].base == base) return &chips[i];
  return NULL;
}

static int is_attr(const char *leaf) {
  return !strcmp(leaf, "value") || !strcmp(leaf, "direction") || !strcmp(leaf, "edge") ||
         !strcmp(leaf, "active_low");
}

static int fs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
  int n;
  const char *leaf;
  (void)fi;
  memset(st, 0, sizeof *st);
  st->st_nlink = 1;
  if (!strcmp(path, "/")) { st->st_mode = S_IFDIR | 0755; return 0; }
  if (!strcmp(path, "/export") || !strcmp(path, "/unexport")) { st->st_mode = S_IFREG | 0200; return 0; }
  if (!strcmp(path, "/control")) { st->st_mode = S_IFREG | 0600; return 0; }
  if (pin_path(path, "/gpiochip", &n, &leaf) && chip_of(n)) {
    if (*leaf == '\0') { st->st_mode = S_IFDIR | 0755; return 0; }
    if (!strcmp(leaf, "label") || !strcmp(leaf, "base") || !strcmp(leaf, "ngpio")) {
      st->st_mode = S_IFREG | 0444;
      return 0;
    }
  }
  if (pin_path(path, "/gpio", &n, &leaf) && pins[n].exported) {
    if (*leaf == '\0') { st->st_mode = S_IFDIR | 0755; return 0; }
    if (is_attr(leaf)) { st->st_mode = S_IFREG | 0644; return 0; }
  }
  return -ENOENT;
}

static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
                      struct fuse_file_info *fi, enum fuse_readdir_flags flags) {
  static const char *chip_files[] = { "label", "base", "ngpio", NULL };
  static const char *pin_files[] = { "value", "direction", "edge", "active_low", NULL };
  const char **names = NULL, *leaf;
  char name[32];
  int n;
  (void)off; (void)fi; (void)flags;
  if (pin_path(path, "/gpiochip", &n, &leaf) && chip_of(n) && !*leaf) names = chip_files;
  else if (pin_path(path, "/gpio", &n, &leaf) && pins[n].exported && !*leaf) names = pin_files;
  else if (strcmp(path, "/") != 0) return -ENOTDIR;
  fill(buf, ".", NULL, 0, 0);
  fill(buf, "..", NULL, 0, 0);
  if (names) {
    for (; *names; names++) fill(buf, *names, NULL, 0, 0);
    return 0;
  }
  fill(buf, "export", NULL, 0, 0);
  fill(buf, "unexport", NULL, 0, 0);
  fill(buf, "control", NULL, 0, 0);
  for (int i = 0; i < chip_count; i++) {
    snprintf(name, sizeof name, "gpiochip%d", chips[i].base);
    fill(buf, name, NULL, 0, 0);
  }
  for (int n = 0; n < MAX_PINS; n++)
    if (pins[n].exported) { snprintf(name, sizeof name, "gpio%d", n); fill(buf, name, NULL, 0, 0); }
  return 0;
}

static int fs_open(const char *path, struct fuse_file_info *fi) {
  int n;
  const char *leaf;
  fi->direct_io = 1; /* every read must reach us: values change behind the page cache */
  if (pin_path(path, "/gpio", &n, &leaf) && !strcmp(leaf, "value")) {
    struct handle *h = calloc(1, sizeof *h);
    if (!h) return -ENOMEM;
    h->pin = n;
    h->seen = pins[n].events;
    h->next = handles;
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
    used += snprintf(out + used, size - used,
                     "pin %d exported %d direction %s level %d active_low %d edge %s held %d reads %u\n",
                     n, p->exported, p->out ? "out" : "in", p->level, p->active_low,
                     EDGE_NAMES[p->edge], p->held_errno != 0, p->reads);
  }
  if (used < size) used += snprintf(out + used, size - used, "%s", event_log);
  return used < size ? (int)used : (int)size;
}

static int fs_read(const char *path, char *buf, size_t size, off_t off,
                   struct fuse_file_info *fi) {
  static char text[65536];
  int n, len = -1;
  const char *leaf;
  if (!strcmp(path, "/control")) len = control_text(text, sizeof text);
  else if (pin_path(path, "/gpiochip", &n, &leaf) && chip_of(n)) {
    struct chip *c = chip_of(n);
    if (!strcmp(leaf, "label")) len = snprintf(text, sizeof text, "%s\n", c->label);
    if (!strcmp(leaf, "base")) len = snprintf(text, sizeof text, "%d\n", c->base);
    if (!strcmp(leaf, "ngpio")) len = snprintf(text, sizeof text, "%d\n", c->ngpio);
  } else if (pin_path(path, "/gpio", &n, &leaf) && pins[n].exported) {
    struct pin *p = &pins[n];
    struct handle *h = (struct handle *)(uintptr_t)fi->fh;
    if (!strcmp(leaf, "value")) len = snprintf(text, sizeof text, "%d\n", logical(p));
    if (!strcmp(leaf, "direction")) len = snprintf(text, sizeof text, p->out ? "out\n" : "in\n");
    if (!strcmp(leaf, "edge")) len = snprintf(text, sizeof text, "%s\n", EDGE_NAMES[p->edge]);
    if (!strcmp(leaf, "active_low")) len = snprintf(text, sizeof text, "%d\n", p->active_low);
    if (h) h->seen = p->events; /* reading the value acknowledges the edge, as in sysfs */
    if (!strcmp(leaf, "value")) p->reads++;
  }
  if (len < 0) return -EIO;
  if (off >= len) return 0;
  if ((size_t)(len - off) < size) size = (size_t)(len - off);
  memcpy(buf, text + off, size);
  return (int)size;
}

static int do_export(int n) {
  if (!valid_pin(n)) return -EINVAL;
  if (pins[n].held_errno) return -pins[n].held_errno;
  if (pins[n].exported) return -EBUSY;
  pins[n] = (struct pin){ .known = 1, .exported = 1, .level = pins[n].level };
  return 0;
}

static int control_line(const char *line) {
  int n, v;
  char word[16];
  if (sscanf(line, "set %d %d", &n, &v) == 2 && valid_pin(n)) {
    int before = logical(&pins[n]);
    pins[n].known = 1;
    if (!pins[n].out) pins[n].level = v != 0;
    if (logical(&pins[n]) != before) level_changed(n, before);
    return 0;
  }
  if (sscanf(line, "leftover %d %15s %d", &n, word, &v) == 3 && valid_pin(n)) {
    pins[n] = (struct pin){ .known = 1, .exported = 1, .out = !strcmp(word, "out"), .level = v != 0 };
    return 0;
  }
  if (sscanf(line, "hold %d %15s", &n, word) == 2 && valid_pin(n)) {
    pins[n].known = 1;
    pins[n].held_errno = !strcmp(word, "perm") ? EPERM : !strcmp(word, "inval") ? EINVAL : EBUSY;
    return 0;
  }
  return -EINVAL;
}

static int attr_write(struct pin *p, const char *leaf, const char *text) {
  if (!strcmp(leaf, "value")) {
    if (!p->out) return -EPERM;
    if (strcmp(text, "0") && strcmp(text, "1")) return -EINVAL;
    p->level = (text[0] == '1') ^ p->active_low;
  } else if (!strcmp(leaf, "direction")) {
    /* "high" and "low" set the raw level, ignoring active_low, as the kernel does. */
    if (!strcmp(text, "in")) p->out = 0;
    else if (!strcmp(text, "out") || !strcmp(text, "low")) { p->out = 1; p->level = 0; }
    else if (!strcmp(text, "high")) { p->out = 1; p->level = 1; }
    else return -EINVAL;
  } else if (!strcmp(leaf, "edge")) {
    int e = -1;
    for (int i = 0; i < 4; i++) if (!strcmp(text, EDGE_NAMES[i])) e = i;
    if (e < 0) return -EINVAL;
    p->edge = e;
  } else if (!strcmp(leaf, "active_low")) {
    if (strcmp(text, "0") && strcmp(text, "1")) return -EINVAL;
    p->active_low = text[0] == '1';
  } else return -EINVAL;
  return 0;
}

static int fs_write(const char *path, const char *buf, size_t size, off_t off,
                    struct fuse_file_info *fi) {
  char text[4096], *line, *save;
  int n, rc = 0;
  const char *leaf;
  (void)off; (void)fi;
  if (size >= sizeof text) return -EINVAL;
  memcpy(text, buf, size);
  text[size] = '\0';
  if (strcmp(path, "/control") != 0) text[strcspn(text, " \n")] = '\0'; /* "in\n" → "in" */
  if (!strcmp(path, "/control")) {
    for (line = strtok_r(text, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save))
      rc = control_line(line);
  } else if (!strcmp(path, "/export") || !strcmp(path, "/unexport")) {
    int is_export = path[1] == 'e';
    n = atoi(text);
    if (is_export) rc = do_export(n);
    else rc = valid_pin(n) && pins[n].exported ? 0 : -EINVAL;
    if (!is_export && rc == 0) pins[n].exported = 0;
    log_line(is_export ? "export" : "unexport", n, -rc);
  } else if (pin_path(path, "/gpio", &n, &leaf) && pins[n].exported) {
    rc = attr_write(&pins[n], leaf, text);
  } else rc = -EACCES;
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
  if (ph) {
    if (h->ph) fuse_pollhandle_destroy(h->ph);
    h->ph = ph;
  }
  if (h->seen != pins[h->pin].events) *reventsp |= POLLPRI | POLLERR;
  return 0;
}

static void *fs_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
  (void)conn;
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
  fuse_argv[fuse_argc++] = "-f";
  fuse_argv[fuse_argc++] = "-s";
  return fuse_main(fuse_argc, fuse_argv, &ops, NULL);
}
