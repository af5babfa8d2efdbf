// Type declarations for the `epoll` package (fivdi/epoll), which ships none.
declare module 'epoll' {
  export class Epoll {
    static readonly EPOLLIN: number;
    static readonly EPOLLHUP: number;
    static readonly EPOLLERR: number;
    constructor(callback: (error: Error | null, fd: number, events: number) => void);
    add(fd: number, events: number): this;
    remove(fd: number): this;
    close(): void;
    readonly closed: boolean;
  }
  const binding: { Epoll: typeof Epoll };
  export default binding;
}
