import {
  Amphora,
  Apple,
  Banana,
  Bean,
  Beef,
  Beer,
  Candy,
  Carrot,
  Cherry,
  Citrus,
  Coffee,
  Cookie,
  CookingPot,
  Croissant,
  CupSoda,
  Droplet,
  Drumstick,
  Egg,
  Fish,
  Grape,
  IceCreamCone,
  LeafyGreen,
  type LucideIcon,
  Milk,
  Nut,
  Pizza,
  Popcorn,
  ShoppingBasket,
  SprayCan,
  Sprout,
  Toilet,
  Wheat,
  Wine,
} from 'lucide-react';
import type { ReactNode } from 'react';

type Shelf =
  | 'fruit'
  | 'vegetables'
  | 'dairy'
  | 'bakery'
  | 'pantry'
  | 'drinks'
  | 'sweets'
  | 'meat'
  | 'household'
  | 'other';

/** Soft tiles per shelf, light and dark; the icon is decoration, the name is always written beside it. */
const shelfTint: Record<Shelf, string> = {
  fruit: 'bg-rose-100 text-rose-700 dark:bg-rose-400/15 dark:text-rose-300',
  vegetables: 'bg-lime-100 text-lime-800 dark:bg-lime-400/15 dark:text-lime-300',
  dairy: 'bg-sky-100 text-sky-700 dark:bg-sky-400/15 dark:text-sky-300',
  bakery: 'bg-amber-100 text-amber-800 dark:bg-amber-400/15 dark:text-amber-300',
  pantry: 'bg-orange-100 text-orange-800 dark:bg-orange-400/15 dark:text-orange-300',
  drinks: 'bg-cyan-100 text-cyan-800 dark:bg-cyan-400/15 dark:text-cyan-300',
  sweets: 'bg-fuchsia-100 text-fuchsia-800 dark:bg-fuchsia-400/15 dark:text-fuchsia-300',
  meat: 'bg-red-100 text-red-800 dark:bg-red-400/15 dark:text-red-300',
  household: 'bg-violet-100 text-violet-800 dark:bg-violet-400/15 dark:text-violet-300',
  other: 'bg-surface-muted text-fg-muted',
};

/** First match wins: "Cherry tomatoes" are tomatoes before they are cherries. */
const byKeyword: [RegExp, LucideIcon, Shelf][] = [
  [/tomato/i, Cherry, 'vegetables'],
  [/banana/i, Banana, 'fruit'],
  [/apple|pear/i, Apple, 'fruit'],
  [/lemon|lime|orange|citrus|melon/i, Citrus, 'fruit'],
  [/strawberr|cherr|berr/i, Cherry, 'fruit'],
  [/grape/i, Grape, 'fruit'],
  [/avocado/i, Sprout, 'fruit'],
  [/carrot/i, Carrot, 'vegetables'],
  [/spinach|lettuce|salad|cabbage|kale|cucumber|broccoli/i, LeafyGreen, 'vegetables'],
  [/onion|garlic|potato|pepper|mushroom|corn|leek/i, Sprout, 'vegetables'],
  [/oat|milk|yog|butter|cheese|cheddar|mozzarella|cream(?! cheese)/i, Milk, 'dairy'],
  [/egg/i, Egg, 'dairy'],
  [/croissant/i, Croissant, 'bakery'],
  [/bread|loaf|sourdough|bagel|bun|flour/i, Wheat, 'bakery'],
  [/cookie|biscuit/i, Cookie, 'bakery'],
  [/pizza/i, Pizza, 'pantry'],
  [/olive oil|\boil\b|vinegar/i, Amphora, 'pantry'],
  [/bean|chickpea|lentil/i, Bean, 'pantry'],
  [/nut|almond|peanut/i, Nut, 'pantry'],
  [/spaghetti|pasta|penne|rice|noodle|soup|sugar/i, CookingPot, 'pantry'],
  [/coffee|tea\b|tea /i, Coffee, 'drinks'],
  [/water/i, Droplet, 'drinks'],
  [/juice|cola|soda|lemonade/i, CupSoda, 'drinks'],
  [/beer/i, Beer, 'drinks'],
  [/wine/i, Wine, 'drinks'],
  [/chocolate|candy|sweets/i, Candy, 'sweets'],
  [/crisps|chips|popcorn/i, Popcorn, 'sweets'],
  [/ice cream/i, IceCreamCone, 'sweets'],
  [/chicken|turkey/i, Drumstick, 'meat'],
  [/beef|steak|mince|pork|ham/i, Beef, 'meat'],
  [/fish|salmon|tuna|prawn/i, Fish, 'meat'],
  [/soap|detergent|washing|cleaner/i, SprayCan, 'household'],
  [/paper|tissue|toilet/i, Toilet, 'household'],
];

export function placeholderFor(name: string): { Icon: LucideIcon; shelf: Shelf } {
  for (const [pattern, Icon, shelf] of byKeyword) if (pattern.test(name)) return { Icon, shelf };
  return { Icon: ShoppingBasket, shelf: 'other' };
}

/**
 * A product's picture: its photo when it has one (`imageUrl`), else an SVG icon chosen from its name on a
 * tile tinted by shelf, which needs no emoji font. Decorative (empty alt): the name is always beside it.
 * `className` sizes the tile (`aspect-[4/3] w-full`, `size-12`).
 */
export function ProductImage({
  product,
  className = 'size-12',
  dimmed = false,
  children,
}: {
  product: { name: string; imageUrl?: string | null };
  className?: string;
  /** Sold out or inactive: shown in grey. */
  dimmed?: boolean;
  /** Drawn over the picture (a stock label). */
  children?: ReactNode;
}) {
  const frame = `relative grid shrink-0 place-items-center overflow-hidden rounded-xl ${dimmed ? 'grayscale' : ''} ${className}`;
  if (product.imageUrl)
    return (
      <span className={`${frame} bg-surface-muted`}>
        <img src={product.imageUrl} alt="" loading="lazy" className="absolute inset-0 size-full object-cover" />
        {children}
      </span>
    );
  const { Icon, shelf } = placeholderFor(product.name);
  return (
    <span className={`${frame} ${shelfTint[shelf]}`} data-shelf={shelf}>
      <Icon aria-hidden="true" strokeWidth={1.6} className="size-[46%] max-h-16 max-w-16" />
      {children}
    </span>
  );
}
