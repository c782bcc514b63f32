import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProductImage, placeholderFor } from './product-image';

describe('product image', () => {
  it('picks an icon and a shelf from the name, the first keyword winning', () => {
    expect(placeholderFor('Cherry tomatoes (250 g)').shelf).toBe('vegetables');
    expect(placeholderFor('Strawberries (400 g)').shelf).toBe('fruit');
    expect(placeholderFor('Oat drink (1 l)').shelf).toBe('dairy');
    expect(placeholderFor('Green tea (20 bags)').shelf).toBe('drinks');
    expect(placeholderFor('Something unheard of').shelf).toBe('other');
  });

  it('draws an SVG tile without a photo, and the photo when there is one; never text', () => {
    const { container, rerender } = render(<ProductImage product={{ name: 'Bananas (6)' }} />);
    expect(container.querySelector('svg')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('');

    rerender(<ProductImage product={{ name: 'Bananas (6)', imageUrl: '/images/bananas.webp' }} />);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('/images/bananas.webp');
    expect(container.querySelector('img')?.getAttribute('alt')).toBe('');
  });
});
