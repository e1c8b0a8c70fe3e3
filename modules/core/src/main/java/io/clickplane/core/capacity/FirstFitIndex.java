package io.clickplane.core.capacity;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Finds the first node of a group with room for a pod in logarithmic time for the usual case: a
 * segment tree over the nodes in creation order holding, per subtree, the most free CPU, memory and
 * pod slots of any node in it. A subtree whose maxima cannot hold the pod is skipped whole; the
 * answer is the same node a scan from the first would give (first fit), so the packing stays what
 * it was while its cost grows about linearly with the pods instead of with their square.
 */
final class FirstFitIndex {
  private long[] cpu = new long[2];
  private long[] mem = new long[2];
  private int[] slots = new int[2];
  private int capacity = 1;
  private int size;

  /** Appends a node with the given free resources; its index is the number of nodes before. */
  void add(long freeCpu, long freeMem, int freeSlots) {
    if (size == capacity) {
      grow();
    }
    set(size++, freeCpu, freeMem, freeSlots);
  }

  /** Records node {@code i}'s free resources after a pod was placed on it. */
  void set(int i, long freeCpu, long freeMem, int freeSlots) {
    int n = capacity + i;
    cpu[n] = freeCpu;
    mem[n] = freeMem;
    slots[n] = freeSlots;
    for (n >>= 1; n >= 1; n >>= 1) {
      cpu[n] = Math.max(cpu[2 * n], cpu[2 * n + 1]);
      mem[n] = Math.max(mem[2 * n], mem[2 * n + 1]);
      slots[n] = Math.max(slots[2 * n], slots[2 * n + 1]);
    }
  }

  /**
   * The first node from index {@code from} on with at least {@code needCpu} and {@code needMem}
   * free and a free slot that {@code accept} also takes (e.g. no replica of the same shard on it
   * yet), or -1.
   */
  int first(long needCpu, long needMem, int from, IntPredicate accept) {
    return size == 0 ? -1 : search(1, 0, capacity, from, needCpu, needMem, accept);
  }

  private int search(
      int n, int lo, int hi, int from, long needCpu, long needMem, IntPredicate accept) {
    if (lo >= size || hi <= from || cpu[n] < needCpu || mem[n] < needMem || slots[n] < 1) {
      return -1;
    }
    if (hi - lo == 1) {
      return accept.test(lo) ? lo : -1;
    }
    int mid = (lo + hi) >>> 1;
    int left = search(2 * n, lo, mid, from, needCpu, needMem, accept);
    return left >= 0 ? left : search(2 * n + 1, mid, hi, from, needCpu, needMem, accept);
  }

  private void grow() {
    int old = capacity;
    long[] c = Arrays.copyOfRange(cpu, old, old + size);
    long[] m = Arrays.copyOfRange(mem, old, old + size);
    int[] s = Arrays.copyOfRange(slots, old, old + size);
    capacity = old * 2;
    cpu = new long[2 * capacity];
    mem = new long[2 * capacity];
    slots = new int[2 * capacity];
    Arrays.fill(cpu, Long.MIN_VALUE);
    Arrays.fill(mem, Long.MIN_VALUE);
    Arrays.fill(slots, Integer.MIN_VALUE);
    int n = size;
    size = 0;
    for (int i = 0; i < n; i++) {
      set(i, c[i], m[i], s[i]);
      size++;
    }
  }
}
