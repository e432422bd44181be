import { user } from './renderTests';

function clickableButton() {
  const button = document.createElement('button');
  const onClick = jest.fn();
  button.addEventListener('click', onClick);
  document.body.append(button);
  return { button, onClick };
}

describe('user()', () => {
  // Made in the first test, used again in the second: what the remaining
  // steps of a test that timed out do while the next test runs.
  let firstTestsUser: ReturnType<typeof user> | undefined;

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('clicks on the fake clock within the test that made it', async () => {
    firstTestsUser = user();
    const { button, onClick } = clickableButton();
    await firstTestsUser.click(button);
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it("throws instead of acting once its test has ended, leaving the next test's page alone", async () => {
    const { button, onClick } = clickableButton();
    await expect(firstTestsUser!.click(button)).rejects.toThrow(
      /acted after that test ended/,
    );
    expect(onClick).not.toHaveBeenCalled();
    // This test's own user still works.
    await user().click(button);
    expect(onClick).toHaveBeenCalledTimes(1);
  });
});
