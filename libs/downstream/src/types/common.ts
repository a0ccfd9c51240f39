/** Shapes documented in downstream.md. Only documented, non-internal fields are typed. */
export interface Money {
  amount: string;
  currency: string;
}

export interface Image {
  url: string;
  variants?: Record<string, string>;
}
